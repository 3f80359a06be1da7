import type { EvidenceManifest } from './evidence-format';
import type { EvidenceSource } from './evidence-source';

/** README.txt of a package: what it is and how to check it on another machine (docs/evidence.md). */
export function verifyingInstructions(source: EvidenceSource, manifest: EvidenceManifest): string {
  return `HỒ SƠ CHỨNG CỨ — ${source.kind.vi}: ${source.title}
Evidence package — ${source.kind.en} ${source.subject.id}
Trích xuất / exported: ${manifest.exportedAt} — ${manifest.exportedBy.fullName}

Nội dung / contents
  tom-tat.html        tóm tắt để đọc và in / the summary to read and print
  item.json           ${source.kind.vi} như hệ thống hiển thị / the item as shown
  events.json         mọi bản ghi nhật ký về nó / every audit entry about it
  audit-chain.json    đoạn chuỗi băm nối các bản ghi tới đầu chuỗi / the hash-chain segment to the chain head
  signatures/*.json   mọi chữ ký số, kèm chứng thư / every signature bundle with its certificates
  ca.pem, crl.pem     chứng thư tổ chức cấp và danh sách thu hồi / the CA and the CRL at export time
  SHA256SUMS(.sig)    mã băm mọi tệp, do tổ chức cấp ký / every file's SHA-256, signed by the CA

Kiểm tra / verify (Liên Thông checkout):  npm run evidence:verify <file.tar> [--ca ca.pem]

Kiểm tra bằng openssl / with openssl alone:
  mkdir ev && tar -xf <file.tar> -C ev && cd ev
  openssl x509 -in ca.pem -noout -fingerprint -sha256     # = ${manifest.caFingerprint.toUpperCase().replace(/(..)(?!$)/g, '$1:')}
  openssl x509 -in ca.pem -noout -pubkey > ca-pub.pem
  openssl dgst -sha256 -verify ca-pub.pem -signature SHA256SUMS.sig SHA256SUMS
  sha256sum -c SHA256SUMS
  # each signature, as in docs/signing.md:
  jq -r .signerCertificate signatures/01-*.json > signer.pem
  jq -r .canonical signatures/01-*.json | base64 -d > content.json
  jq -r .signatureDer signatures/01-*.json | base64 -d > signature.der
  openssl verify -CAfile ca.pem -CRLfile crl.pem -crl_check signer.pem
  openssl x509 -in signer.pem -noout -pubkey > signer-pub.pem
  openssl dgst -sha256 -verify signer-pub.pem -signature signature.der content.json
`;
}
