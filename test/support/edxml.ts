import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { setNodeDependencies } from 'xml-core';
import * as xmldsig from 'xmldsigjs';

// A second XMLDSig implementation (PeculiarVentures' xmldsigjs, WebCrypto), not the server's
// xml-crypto: what the tests sign with it stands for another agency's system.
// Loaded untyped: xpath's declarations pull the DOM library into the whole program.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xpath = require('xpath') as { select: unknown };
setNodeDependencies({ DOMParser, XMLSerializer, xpath });
xmldsig.Application.setEngine('NodeJS', webcrypto);
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const EDXML = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
export const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface Agency {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
  algorithm: typeof RSA | typeof EC;
}

/** Another agency's signing certificate (self-signed, valid a year), RSA or ECDSA. */
export async function agency(name: string, algorithm: typeof RSA | typeof EC = RSA): Promise<Agency> {
  const keys = await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a1b2c',
    name: `CN=${name}, O=${name}`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    keys,
    signingAlgorithm: algorithm,
  });
  return { keys, certificate, algorithm };
}

/** `xml` signed by `by` over the whole envelope (enveloped; xmldsigjs's own c14n), the signature in edXMLHeader. */
export async function signAsAgency(xml: string, by: Agency): Promise<string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  type Sign = xmldsig.SignedXml['Sign'];
  const signature = await new xmldsig.SignedXml().Sign(
    { name: by.algorithm.name, hash: 'SHA-256' } as Parameters<Sign>[0],
    by.keys.privateKey,
    doc,
    {
      x509: [Buffer.from(by.certificate.rawData).toString('base64')],
      references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
    },
  );
  doc.getElementsByTagNameNS(EDXML, 'edXMLHeader')[0].appendChild(signature.GetXml());
  return new XMLSerializer().serializeToString(doc);
}

/** The text of the first element `name` (edXML namespace) in `xml`. */
export function field(xml: string, name: string): string | null {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return doc.getElementsByTagNameNS(EDXML, name)[0]?.textContent ?? null;
}

export function fields(xml: string, parent: string, name: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(doc.getElementsByTagNameNS(EDXML, parent)).map(
    (p) => p.getElementsByTagNameNS(EDXML, name)[0]?.textContent ?? '',
  );
}
