import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every Vietnamese vowel with its marks (NFC, both cases), then đ/Đ … */
const MARKED =
  'àÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆìÌíÍỉỈĩĨịỊòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰỳỲýÝỷỶỹỸỵỴđĐ';
/** … and the plain letter each one folds to. */
const PLAIN =
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd';

/**
 * `lt_fold(text)`: the text searches index and match, with the Vietnamese marks taken off and
 * lower-cased, so "tien do" finds "tiến độ" and "Tiến Độ" alike. Pure SQL rather than the
 * `unaccent` extension: it needs nothing installed, and being IMMUTABLE it can feed generated
 * `tsvector` columns. Text is composed first (NFC), so decomposed input (some Windows input
 * methods) folds the same; marks left over are stripped; `lower` then meets ASCII only,
 * which every locale (including C) lower-cases.
 */
export class SearchFold1795765000000 implements MigrationInterface {
  name = 'SearchFold1795765000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION lt_fold(input text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
         SELECT lower(regexp_replace(translate(normalize(input, NFC), '${MARKED}', '${PLAIN}'),
                                     '[\u0300-\u036f]', '', 'g'))
       $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION lt_fold(text)');
  }
}
