import { Injectable } from '@nestjs/common';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { CertificateAuthority, x509 } from '@lt/signing';
import { KeyObject, sign, verify, type KeyLike, type BinaryLike } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { DSIG_NS, EDXML_NS } from './edxml-format';

const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** XMLDSig's ECDSA (RFC 6931): the signature value is r ‖ s, not DER. xml-crypto has RSA only. */
class EcdsaSha256 {
  getSignature(signedInfo: BinaryLike, privateKey: KeyLike): string {
    return sign('sha256', Buffer.from(signedInfo as string), {
      key: privateKey as KeyObject,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    return verify(
      'sha256',
      Buffer.from(material),
      { key: key as KeyObject, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signatureValue, 'base64'),
    );
  }

  getAlgorithmName(): string {
    return ECDSA_SHA256;
  }
}

/** Only these: no SHA-1, and never HMAC (a key-confusion risk with certificates). */
function restrictAlgorithms(signed: SignedXml): void {
  const rsa = signed.SignatureAlgorithms[RSA_SHA256];
  signed.SignatureAlgorithms = {
    [RSA_SHA256]: rsa,
    [ECDSA_SHA256]: EcdsaSha256,
  };
}

export interface VerifiedSigner {
  subject: string;
  serialNumber: string;
  /** SHA-256 of the certificate (DER), hex. */
  thumbprint: string;
}

/**
 * The XML signature over an edXML envelope (enveloped, exclusive c14n, SHA-256; ECDSA or
 * RSA): the deployment signs what it sends with its CA's key; what arrives must be signed over
 * the whole envelope by a certificate the deployment trusts — its own CA, or one listed in
 * EDXML_TRUSTED_CERTS, or issued by one listed there.
 */
@Injectable()
export class EdxmlSignatures {
  private anchors: x509.X509Certificate[] | null = null;

  constructor(
    private readonly ca: CertificateAuthority,
    private readonly config: AppConfig,
  ) {}

  /** `xml` with the deployment's signature appended to its edXMLHeader. */
  async sign(xml: string): Promise<string> {
    const ca = await this.ca.current();
    const signed = new SignedXml({
      privateKey: KeyObject.from(ca.privateKey),
      publicCert: ca.pem,
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: ECDSA_SHA256,
    });
    restrictAlgorithms(signed);
    signed.addReference({
      xpath: '/*',
      digestAlgorithm: SHA256,
      transforms: [ENVELOPED, EXC_C14N],
      isEmptyUri: true,
    });
    signed.computeSignature(xml, {
      location: {
        reference: `//*[local-name(.)='edXMLHeader' and namespace-uri(.)='${EDXML_NS}']`,
        action: 'append',
      },
    });
    return signed.getSignedXml();
  }

  /**
   * Checks the signature of `xml` (parsed as `doc`): exactly one, in the header, over the whole
   * envelope (URI=""), by a trusted certificate valid now. Any failure is a 422 naming what is wrong.
   */
  async verify(xml: string, doc: Document, now = new Date()): Promise<VerifiedSigner> {
    const signatures = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));
    if (signatures.length === 0) throw new AppError('edxml/unsigned');
    if (signatures.length > 1)
      throw new AppError('edxml/signature_invalid', { reason: 'more than one signature' });
    const signature = signatures[0];
    const parent = signature.parentNode as Element | null;
    if (parent?.namespaceURI !== EDXML_NS || parent.localName !== 'edXMLHeader')
      throw new AppError('edxml/signature_invalid', { reason: 'the signature is not in edXMLHeader' });
    // Only a signature over the whole document counts: a reference to a part would let the
    // rest be changed (signature wrapping).
    const references = Array.from(signature.getElementsByTagNameNS(DSIG_NS, 'Reference'));
    if (references.length !== 1 || references[0].getAttribute('URI') !== '')
      throw new AppError('edxml/signature_invalid', {
        reason: 'the signature must cover the whole envelope (URI="")',
      });
    const certificates = Array.from(signature.getElementsByTagNameNS(DSIG_NS, 'X509Certificate'));
    if (certificates.length !== 1)
      throw new AppError('edxml/signature_invalid', { reason: 'KeyInfo must carry one X509Certificate' });
    let certificate: x509.X509Certificate;
    try {
      certificate = new x509.X509Certificate((certificates[0].textContent ?? '').replace(/\s+/g, ''));
    } catch {
      throw new AppError('edxml/signature_invalid', { reason: 'the X509Certificate cannot be read' });
    }
    if (certificate.notBefore > now || certificate.notAfter < now)
      throw new AppError('edxml/untrusted', {
        subject: certificate.subject,
        reason: 'expired or not yet valid',
      });
    if (!(await this.trusted(certificate)))
      throw new AppError('edxml/untrusted', { subject: certificate.subject, reason: 'not a trusted agency' });

    const checker = new SignedXml({ publicCert: certificate.toString('pem') });
    restrictAlgorithms(checker);
    let valid = false;
    try {
      checker.loadSignature(signature);
      valid = checker.checkSignature(xml) && checker.getSignedReferences().length === 1;
    } catch (error) {
      throw new AppError('edxml/signature_invalid', {
        reason: String((error as Error).message).slice(0, 300),
      });
    }
    if (!valid)
      throw new AppError('edxml/signature_invalid', { reason: 'the content does not match its signature' });
    return {
      subject: certificate.subject,
      serialNumber: certificate.serialNumber,
      thumbprint: Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex'),
    };
  }

  private async trusted(certificate: x509.X509Certificate): Promise<boolean> {
    for (const anchor of await this.trustAnchors()) {
      if (Buffer.from(anchor.rawData).equals(Buffer.from(certificate.rawData))) return true;
      if (
        certificate.issuer === anchor.subject &&
        (await certificate.verify({ publicKey: anchor.publicKey, signatureOnly: true }))
      )
        return true;
    }
    return false;
  }

  private async trustAnchors(): Promise<x509.X509Certificate[]> {
    if (!this.anchors) {
      const listed = this.config.EDXML_TRUSTED_CERTS
        ? x509.PemConverter.decode(readFileSync(this.config.EDXML_TRUSTED_CERTS, 'utf8')).map(
            (der) => new x509.X509Certificate(der),
          )
        : [];
      this.anchors = [(await this.ca.current()).certificate, ...listed];
    }
    return this.anchors;
  }
}
