import { AppError } from '@lt/common';
import { ORGAN_ID_PATTERN } from '@lt/org';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

/**
 * edXML (QCVN 102:2016), the message format Vietnamese agencies exchange documents in: a
 * document package (MessageHeader with the Decree 30 metadata, TraceHeaderList, an XML
 * signature, a manifest of attachments) and a status message (StatusCode 01–06 about a
 * document received). Written and read here as plain data; the signature is EdxmlSignatures'.
 *
 * The standard carries attachments as MIME parts beside the envelope; one file is easier to
 * move by hand between systems, so each manifest entry's content travels base64-encoded in an
 * `Attachment` element of the body with the same ContentId, under the envelope's signature.
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface EdxmlOrgan {
  organId: string;
  organName: string;
  organizationInCharge?: string;
}

export interface EdxmlAttachment {
  contentId: string;
  contentType: string;
  name: string;
  description?: string;
  content: Buffer;
}

export interface EdxmlDocumentPackage {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  codeNumber: string;
  codeNotation: string;
  place: string | null;
  /** yyyy-mm-dd. */
  promulgationDate: string;
  /** 1 legal document (văn bản quy phạm pháp luật), 2 administrative document. */
  documentType: number;
  typeName: string;
  subject: string;
  content: string | null;
  signer: { competence: string | null; position: string | null; fullName: string };
  dueDate: string | null;
  toPlaces: string[];
  /** 0 thường … 4 hỏa tốc hẹn giờ. */
  priority: number;
  pageAmount: number | null;
  /** 1 not a direction, 2 a direction (chỉ đạo), 3 a report on a direction. */
  steeringType: number;
  documentId: string;
  /** 0 new, 1 recall, 2 update, 3 replace. */
  businessType: number;
  trace: { organId: string; timestamp: string }[];
  attachments: EdxmlAttachment[];
}

export interface EdxmlStatusMessage {
  /** The document it is about, as its issuer named it. */
  responseFor: { organId: string; codeNumber: string; codeNotation: string; documentId: string };
  from: EdxmlOrgan;
  statusCode: string;
  description: string | null;
  staff: string | null;
  timestamp: string;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** `<edXML:name>text</edXML:name>`, or nothing when the value is absent. */
function el(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return `<edXML:${name}>${escape(String(value))}</edXML:${name}>`;
}

const wrap = (name: string, ...inner: string[]) => `<edXML:${name}>${inner.join('')}</edXML:${name}>`;

function organ(name: string, o: EdxmlOrgan): string {
  return wrap(
    name,
    el('OrganId', o.organId),
    el('OrganizationInCharge', o.organizationInCharge ?? o.organName),
    el('OrganName', o.organName),
  );
}

/** The package, unsigned: EdxmlSignatures.sign puts the signature into its header. */
export function writeDocumentPackage(p: EdxmlDocumentPackage): string {
  const header = wrap(
    'MessageHeader',
    organ('From', p.from),
    ...p.to.map((t) => organ('To', t)),
    wrap('Code', el('CodeNumber', p.codeNumber), el('CodeNotation', p.codeNotation)),
    wrap('PromulgationInfo', el('Place', p.place), el('PromulgationDate', p.promulgationDate)),
    wrap('DocumentType', el('Type', p.documentType), el('TypeName', p.typeName)),
    el('Subject', p.subject),
    el('Content', p.content),
    wrap(
      'SignerInfo',
      el('Competence', p.signer.competence),
      el('Position', p.signer.position),
      el('FullName', p.signer.fullName),
    ),
    el('DueDate', p.dueDate),
    wrap('ToPlaces', ...p.toPlaces.map((place) => el('Place', place))),
    wrap('OtherInfo', el('Priority', p.priority), el('PageAmount', p.pageAmount)),
    el('SteeringType', p.steeringType),
    el('DocumentId', p.documentId),
  );
  const trace = wrap(
    'TraceHeaderList',
    ...p.trace.map((t) => wrap('TraceHeader', el('OrganId', t.organId), el('Timestamp', t.timestamp))),
    wrap('Bussiness', el('BussinessDocType', p.businessType)),
  );
  const manifest = p.attachments
    .map((a) =>
      wrap(
        'Reference',
        el('ContentId', a.contentId),
        el('ContentType', a.contentType),
        el('Description', a.description ?? a.name),
        el('AttachmentName', a.name),
      ),
    )
    .join('');
  const contents = p.attachments
    .map(
      (a) =>
        `<edXML:Attachment ContentId="${escape(a.contentId)}">${a.content.toString('base64')}</edXML:Attachment>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">` +
    wrap('edXMLHeader', header, trace) +
    wrap('edXMLBody', `<edXML:edXMLManifest version="1.0">${manifest}</edXML:edXMLManifest>`, contents) +
    `</edXML:edXMLEnvelope>`
  );
}

/** A status message about a document received, unsigned. */
export function writeStatusMessage(s: EdxmlStatusMessage): string {
  const status = wrap(
    'Status',
    wrap(
      'ResponseFor',
      el('OrganId', s.responseFor.organId),
      el('Code', `${s.responseFor.codeNumber}/${s.responseFor.codeNotation}`),
      el('DocumentId', s.responseFor.documentId),
    ),
    organ('From', s.from),
    el('StatusCode', s.statusCode),
    el('Description', s.description),
    wrap('StaffInfo', el('Staff', s.staff)),
    el('Timestamp', s.timestamp),
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${wrap('edXMLHeader', status)}</edXML:edXMLEnvelope>`
  );
}

// ---------------------------------------------------------------- reading

const STATUS_CODES = ['01', '02', '03', '04', '05', '06'];

/** A DOM of `xml`, refused as malformed when it is not well-formed XML or declares a DOCTYPE (entities). */
export function parseXml(xml: string): Document {
  // A DOCTYPE is how entity-expansion and external-entity attacks get in; edXML never needs one.
  if (/<!DOCTYPE/i.test(xml)) throw malformed('a DOCTYPE is not allowed');
  let problem: string | null = null;
  let doc: Document | null = null;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problem ??= message;
      },
    }).parseFromString(xml, 'application/xml');
  } catch (error) {
    // xmldom throws on a fatal error after reporting it.
    problem ??= String((error as Error).message);
  }
  if (problem || !doc?.documentElement) throw malformed(problem ?? 'empty');
  return doc;
}

const malformed = (reason: string) => new AppError('edxml/malformed', { reason: reason.slice(0, 300) });
const missing = (field: string) => new AppError('edxml/missing_field', { field });
const invalid = (field: string, value: string) =>
  new AppError('edxml/invalid_field', { field, value: value.slice(0, 100) });

function children(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as Element).namespaceURI === EDXML_NS && (n as Element).localName === name)
      out.push(n as Element);
  return out;
}

function child(parent: Element, name: string, path: string): Element {
  const found = children(parent, name);
  if (found.length === 0) throw missing(`${path}/${name}`);
  if (found.length > 1) throw invalid(`${path}/${name}`, 'repeated');
  return found[0];
}

function optionalChild(parent: Element, name: string): Element | null {
  return children(parent, name)[0] ?? null;
}

function text(parent: Element, name: string, path: string, maxLength: number): string {
  const value = (child(parent, name, path).textContent ?? '').trim();
  if (!value) throw missing(`${path}/${name}`);
  if (value.length > maxLength) throw invalid(`${path}/${name}`, `longer than ${maxLength}`);
  return value;
}

function optionalText(parent: Element | null, name: string, path: string, maxLength: number): string | null {
  if (!parent) return null;
  const found = optionalChild(parent, name);
  const value = (found?.textContent ?? '').trim();
  if (!value) return null;
  if (value.length > maxLength) throw invalid(`${path}/${name}`, `longer than ${maxLength}`);
  return value;
}

function integer(value: string | null, field: string, min: number, max: number): number | null {
  if (value === null) return null;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(field, value);
  return Number(value);
}

function readOrgan(parent: Element, name: string, path: string): EdxmlOrgan {
  const at = `${path}/${name}`;
  return organOf(child(parent, name, path), at);
}

function organOf(e: Element, at: string): EdxmlOrgan {
  const organId = text(e, 'OrganId', at, 13);
  if (!ORGAN_ID_PATTERN.test(organId)) throw invalid(`${at}/OrganId`, organId);
  const organName = optionalText(e, 'OrganName', at, 200) ?? optionalText(e, 'OrganizationInCharge', at, 200);
  if (!organName) throw missing(`${at}/OrganName`);
  return {
    organId,
    organName,
    organizationInCharge: optionalText(e, 'OrganizationInCharge', at, 200) ?? organName,
  };
}

/** yyyy-mm-dd from the forms agencies write: yyyy-mm-dd, yyyy/mm/dd or dd/mm/yyyy (a time after it is ignored). */
export function edxmlDate(value: string, field: string): string {
  const iso = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(value);
  const vn = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  const date = y ? new Date(`${y}-${m}-${d}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`)
    throw invalid(field, value);
  return `${y}-${m}-${d}`;
}

function envelopeOf(doc: Document): { header: Element; body: Element | null } {
  const root = doc.documentElement;
  if (!root) throw malformed('empty');
  // Some systems wrap the envelope in an outer <edXML> element.
  const envelope =
    root.namespaceURI === EDXML_NS && root.localName === 'edXMLEnvelope'
      ? root
      : children(root, 'edXMLEnvelope')[0];
  if (!envelope) throw malformed('no edXMLEnvelope in the edXML namespace');
  return {
    header: child(envelope, 'edXMLHeader', 'edXMLEnvelope'),
    body: optionalChild(envelope, 'edXMLBody'),
  };
}

/** The package's fields, checked against QCVN 102's list: a missing or wrong field is named in the error. */
export function readDocumentPackage(doc: Document): EdxmlDocumentPackage {
  const { header, body } = envelopeOf(doc);
  const h = child(header, 'MessageHeader', 'edXMLHeader');
  const at = 'MessageHeader';
  const to = children(h, 'To').map((t, i) => organOf(t, `${at}/To[${i + 1}]`));
  if (to.length === 0) throw missing(`${at}/To`);
  const code = child(h, 'Code', at);
  const promulgation = child(h, 'PromulgationInfo', at);
  const type = child(h, 'DocumentType', at);
  const signer = child(h, 'SignerInfo', at);
  const other = optionalChild(h, 'OtherInfo');
  const toPlaces = optionalChild(h, 'ToPlaces');
  const traceList = optionalChild(header, 'TraceHeaderList');
  const business = traceList ? optionalChild(traceList, 'Bussiness') : null;
  const due = optionalText(h, 'DueDate', at, 30);

  const manifest = body ? optionalChild(body, 'edXMLManifest') : null;
  const contents = new Map(
    (body ? children(body, 'Attachment') : []).map((a) => [a.getAttribute('ContentId') ?? '', a]),
  );
  const attachments = (manifest ? children(manifest, 'Reference') : []).map((r, i) => {
    const where = `edXMLManifest/Reference[${i + 1}]`;
    const contentId = text(r, 'ContentId', where, 200);
    const content = contents.get(contentId);
    if (!content) throw missing(`${where}: Attachment ${contentId}`);
    const base64 = (content.textContent ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw invalid(`Attachment ${contentId}`, 'not base64');
    return {
      contentId,
      contentType: optionalText(r, 'ContentType', where, 200) ?? 'application/octet-stream',
      name: text(r, 'AttachmentName', where, 255),
      description: optionalText(r, 'Description', where, 1000) ?? undefined,
      content: Buffer.from(base64, 'base64'),
    };
  });

  return {
    from: readOrgan(h, 'From', at),
    to,
    codeNumber: text(code, 'CodeNumber', `${at}/Code`, 30),
    codeNotation: text(code, 'CodeNotation', `${at}/Code`, 100),
    place: optionalText(promulgation, 'Place', `${at}/PromulgationInfo`, 200),
    promulgationDate: edxmlDate(
      text(promulgation, 'PromulgationDate', `${at}/PromulgationInfo`, 30),
      `${at}/PromulgationInfo/PromulgationDate`,
    ),
    documentType:
      integer(optionalText(type, 'Type', `${at}/DocumentType`, 2), `${at}/DocumentType/Type`, 1, 2) ?? 2,
    typeName: text(type, 'TypeName', `${at}/DocumentType`, 100),
    subject: text(h, 'Subject', at, 1000),
    content: optionalText(h, 'Content', at, 100_000),
    signer: {
      competence: optionalText(signer, 'Competence', `${at}/SignerInfo`, 100),
      position: optionalText(signer, 'Position', `${at}/SignerInfo`, 200),
      fullName: text(signer, 'FullName', `${at}/SignerInfo`, 200),
    },
    dueDate: due ? edxmlDate(due, `${at}/DueDate`) : null,
    toPlaces: toPlaces ? children(toPlaces, 'Place').map((p) => (p.textContent ?? '').trim()) : [],
    priority:
      integer(optionalText(other, 'Priority', `${at}/OtherInfo`, 2), `${at}/OtherInfo/Priority`, 0, 4) ?? 0,
    pageAmount: integer(
      optionalText(other, 'PageAmount', `${at}/OtherInfo`, 6),
      `${at}/OtherInfo/PageAmount`,
      0,
      100_000,
    ),
    steeringType: integer(optionalText(h, 'SteeringType', at, 2), `${at}/SteeringType`, 1, 3) ?? 1,
    documentId: text(h, 'DocumentId', at, 100),
    businessType:
      integer(
        optionalText(business, 'BussinessDocType', 'TraceHeaderList/Bussiness', 2),
        'TraceHeaderList/Bussiness/BussinessDocType',
        0,
        3,
      ) ?? 0,
    trace: (traceList ? children(traceList, 'TraceHeader') : []).map((t, i) => ({
      organId: text(t, 'OrganId', `TraceHeaderList/TraceHeader[${i + 1}]`, 13),
      timestamp: text(t, 'Timestamp', `TraceHeaderList/TraceHeader[${i + 1}]`, 40),
    })),
    attachments,
  };
}

/** A Timestamp as agencies write it: ISO 8601, or `yyyy/mm/dd hh:mm:ss`. */
export function edxmlTimestamp(value: string): Date {
  return new Date(value.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3'));
}

/** A status message's fields, checked: codes 01–06 only. */
export function readStatusMessage(doc: Document): EdxmlStatusMessage {
  const { header } = envelopeOf(doc);
  const s = child(header, 'Status', 'edXMLHeader');
  const r = child(s, 'ResponseFor', 'Status');
  const code = text(r, 'Code', 'Status/ResponseFor', 140);
  const slash = code.indexOf('/');
  const statusCode = text(s, 'StatusCode', 'Status', 2);
  if (!STATUS_CODES.includes(statusCode)) throw invalid('Status/StatusCode', statusCode);
  const timestamp = text(s, 'Timestamp', 'Status', 40);
  if (Number.isNaN(edxmlTimestamp(timestamp).getTime())) throw invalid('Status/Timestamp', timestamp);
  return {
    responseFor: {
      organId: text(r, 'OrganId', 'Status/ResponseFor', 13),
      codeNumber: slash > 0 ? code.slice(0, slash) : code,
      codeNotation: slash > 0 ? code.slice(slash + 1) : '',
      documentId: text(r, 'DocumentId', 'Status/ResponseFor', 100),
    },
    from: readOrgan(s, 'From', 'Status'),
    statusCode,
    description: optionalText(s, 'Description', 'Status', 2000),
    staff: optionalText(optionalChild(s, 'StaffInfo'), 'Staff', 'Status/StaffInfo', 200),
    timestamp,
  };
}
