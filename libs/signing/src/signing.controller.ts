import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, Public } from '@lt/auth';
import { uuidPipe } from '@lt/common';
import { CertificateAuthority } from './certificate-authority';
import { SignerCertificates } from './signer-certificates';
import { CertificateViewDto, EnrolCertificateDto, RevokeCertificateDto } from './signing.dto';

const PEM = { content: { 'application/x-pem-file': { schema: { type: 'string' } } } };

@ApiTags('signing')
@Controller('signing')
export class SigningController {
  constructor(
    private readonly authority: CertificateAuthority,
    private readonly certificates: SignerCertificates,
  ) {}

  @Get('ca.pem')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ ...PEM, description: 'The CA certificate, PEM' })
  @ApiOperation({ summary: "The deployment's CA certificate (PEM), to verify signatures with openssl" })
  async caCertificate(): Promise<string> {
    return (await this.authority.current()).pem;
  }

  @Get('crl.pem')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ ...PEM, description: 'The CRL, PEM' })
  @ApiOperation({ summary: 'The certificate revocation list (PEM), signed by the CA' })
  revocationList(): Promise<string> {
    return this.certificates.revocationListPem();
  }

  @Post('certificates')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ summary: 'Enrol a P-256 public key (PKCS#10 request) and receive a certificate' })
  @ApiCreatedResponse({ type: CertificateViewDto })
  enrol(@CurrentActor() actor: Actor, @Body() dto: EnrolCertificateDto): Promise<CertificateViewDto> {
    return this.certificates.enrol(actor, dto.csr, dto.positionId);
  }

  @Get('certificates')
  @Authenticated()
  @ApiOperation({ summary: 'My certificates, newest first, with their status' })
  @ApiOkResponse({ type: [CertificateViewDto] })
  mine(@CurrentActor() actor: Actor): Promise<CertificateViewDto[]> {
    return this.certificates.mine(actor);
  }

  @Get('certificates/:id')
  @Authenticated()
  @ApiOkResponse({
    type: CertificateViewDto,
    description: 'The certificate, its status and whether the CA signature checks out',
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<CertificateViewDto> {
    return this.certificates.get(actor, id);
  }

  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Revoke a certificate (its owner, or a unit administrator over its unit)' })
  @ApiOkResponse({ type: CertificateViewDto })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RevokeCertificateDto,
  ): Promise<CertificateViewDto> {
    return this.certificates.revoke(actor, id, dto.reason);
  }
}
