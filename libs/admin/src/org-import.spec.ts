import { parentsFirst, parseOrgCsv, parseOrgJson, validateImport } from './org-import';

const HEADER =
  'type,code,name,kind,organ_id,parent_code,username,full_name,email,password,unit_code,role,title';

describe('org import parsing and validation', () => {
  it('groups a person’s rows into one person with several positions', () => {
    const parsed = parseOrgCsv(
      [
        HEADER,
        'unit,W1,Phường Một,ward,001.01.13.H17,D1,,,,,,,',
        'person,,,,,,nv.an,Nguyễn Văn An,,MatKhau@2026,W1,official,',
        'person,,,,,,NV.AN,Nguyễn Văn An,,,D1,clerk,',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.file.people).toHaveLength(1);
    expect(parsed.file.people[0].positions.map((p) => p.unitCode)).toEqual(['W1', 'D1']);
    expect(validateImport(parsed, new Set(['D1']))).toEqual([]);
  });

  it('names the row and field of each problem', () => {
    const parsed = parseOrgCsv(
      [
        HEADER,
        'unit,W1,Phường Một,ward,001.01.13.H17,,,,,,,,',
        'unit,W1,Trùng,ward,001.01.13.H17,,,,,,,,',
        'other,,,,,,,,,,,,',
      ].join('\n'),
    );
    const errors = validateImport(parsed, new Set());
    expect(errors.map((e) => `${e.row}:${e.field}`)).toEqual(['3:code', '3:organId', '4:type']);
  });

  it('refuses a parent that is nowhere and a cycle in the file', () => {
    const parsed = parseOrgJson({
      units: [
        { code: 'A', name: 'Đơn vị A', kind: 'ward', organId: '001.01.13.H17', parentCode: 'B' },
        { code: 'B', name: 'Đơn vị B', kind: 'ward', organId: '002.01.13.H17', parentCode: 'A' },
        { code: 'C', name: 'Đơn vị C', kind: 'ward', organId: '003.01.13.H17', parentCode: 'NOWHERE' },
      ],
      people: [],
    });
    const messages = validateImport(parsed, new Set()).map((e) => `${e.row}:${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1:.*own ancestor/),
        expect.stringMatching(/^3:parent unit NOWHERE/),
      ]),
    );
  });

  it('orders parents before children', () => {
    const parsed = parseOrgJson({
      units: [
        { code: 'T', name: 'Tổ', kind: 'department', organId: '001.01.13.H17', parentCode: 'W' },
        { code: 'W', name: 'Phường', kind: 'ward', organId: '002.01.13.H17', parentCode: 'D' },
        { code: 'D', name: 'Quận', kind: 'district', organId: '003.01.13.H17' },
      ],
    });
    expect(parentsFirst(parsed.file.units).map((u) => u.code)).toEqual(['D', 'W', 'T']);
  });
});
