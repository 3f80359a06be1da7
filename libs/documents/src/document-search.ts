/**
 * Every metadata field of a document (Decree 30/2020 Appendix VI: number and symbol, register
 * number, issuer and its OrganId, type, subject, signer and position, recipients, description)
 * and its text, folded by `lt_fold` (lower case, no diacritics): what search reads, for the
 * alias `d`. The GIN index `documents_search_idx` (migration DocumentSearchFields) is over this
 * very expression; change both together.
 */
export const DOCUMENT_SEARCH_TEXT = `lt_fold(d.code_number || '/' || d.code_notation || ' ' || d.register_number::text
  || ' ' || d.organ_name || ' ' || coalesce(d.organ_id, '') || ' ' || d.type_name || ' ' || d.subject
  || ' ' || coalesce(d.signer_name, '') || ' ' || coalesce(d.signer_position, '') || ' ' || coalesce(d.recipients, '')
  || ' ' || coalesce(d.description, '') || ' ' || coalesce(d.body, '')
  || ' ' || coalesce(d.former_register_number::text, ''))`;
