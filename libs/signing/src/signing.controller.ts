import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, Public } from '@lt/auth';
import { uuidPipe } from '@lt/common';
import { CertificateAuthority } from './certificate-authority';
import { CertificateView, SignerCertificates } from './signer-certificates';
import { EnrolCertificateDto, RevokeCertificateDto } from './signing.dto';

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
  @ApiOperation({ summary: "The deployment's CA certificate (PEM), to verify signatures with openssl" })
  async caCertificate(): Promise<string> {
    return (await this.authority.current()).pem;
  }

  @Get('crl.pem')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: 'The certificate revocation list (PEM), signed by the CA' })
  revocationList(): Promise<string> {
    return this.certificates.revocationListPem();
  }

  @Post('certificates')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ summary: 'Enrol a P-256 public key (PKCS#10 request) and receive a certificate' })
  enrol(@CurrentActor() actor: Actor, @Body() dto: EnrolCertificateDto): Promise<CertificateView> {
    return this.certificates.enrol(actor, dto.csr, dto.positionId);
  }

  @Get('certificates')
  @Authenticated()
  @ApiOperation({ summary: 'My certificates, newest first, with their status' })
  mine(@CurrentActor() actor: Actor): Promise<CertificateView[]> {
    return this.certificates.mine(actor);
  }

  @Get('certificates/:id')
  @Authenticated()
  @ApiOkResponse({ description: 'The certificate, its status and whether the CA signature checks out' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<CertificateView> {
    return this.certificates.get(actor, id);
  }

  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Revoke a certificate (its owner, or a unit administrator over its unit)' })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: RevokeCertificateDto,
  ): Promise<CertificateView> {
    return this.certificates.revoke(actor, id, dto.reason);
  }
}
