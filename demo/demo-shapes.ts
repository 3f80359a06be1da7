import type { DemoOrgShape } from '@lt/config';
import threeTier from './demo-org.json';
import twoTier from './demo-org-two-tier.json';

export interface DemoWard {
  code: string;
  /** As a sentence names it after "UBND": "phường An Hải Bắc". */
  name: string;
  chair: string;
  official1: string;
  official2: string;
}

/** Who and where the seeded demo work (directives, tasks, documents, briefing, chat) names. */
export interface DemoCast {
  /** The import file (docs/org-import.md). */
  org: typeof threeTier;
  /** The accounts `npm start` prints. */
  signIns: string[];
  /** The city, its chairman and its system admin (who enters the year's public holidays). */
  city: { code: string; chair: string; admin: string };
  /**
   * The unit that directs the wards day to day: it assigns them tasks, holds their weekly
   * briefing and registers the documents it receives — the district, or with no district the city.
   */
  over: { code: string; chair: string; clerk: string; name: string; short: string };
  /** The sender of the documents `over` receives (the level above it). */
  sender: { organName: string; organId: string; signerName: string };
  wards: [DemoWard, DemoWard, DemoWard];
}

/**
 * The two shapes of local government the demo can show: city → district → ward (before
 * 1 July 2025), and city → ward/commune with no district (since). `DEMO_ORG` chooses one.
 */
export const DEMO_CASTS: Record<DemoOrgShape, DemoCast> = {
  'three-tier': {
    org: threeTier,
    signIns: [
      'chutich.danang',
      'quantri.danang',
      'chutich.str',
      'quantri.str',
      'chutich.ahb',
      'congchuc1.ahb',
      'vanthu.ahb',
    ],
    city: { code: 'DNG', chair: 'chutich.danang', admin: 'quantri.danang' },
    over: {
      code: 'STR',
      chair: 'chutich.str',
      clerk: 'vanthu.str',
      name: 'UBND quận Sơn Trà',
      short: 'quận',
    },
    sender: {
      organName: 'Ủy ban nhân dân thành phố Đà Nẵng',
      organId: '000.00.00.H17',
      signerName: 'Lê Trung Chinh',
    },
    wards: [
      {
        code: 'AHB',
        name: 'phường An Hải Bắc',
        chair: 'chutich.ahb',
        official1: 'congchuc1.ahb',
        official2: 'congchuc2.ahb',
      },
      {
        code: 'MTH',
        name: 'phường Mân Thái',
        chair: 'chutich.mth',
        official1: 'congchuc1.mth',
        official2: 'congchuc2.mth',
      },
      {
        code: 'PMY',
        name: 'phường Phước Mỹ',
        chair: 'chutich.pmy',
        official1: 'congchuc1.pmy',
        official2: 'congchuc2.pmy',
      },
    ],
  },
  'two-tier': {
    org: twoTier,
    signIns: [
      'chutich.danang',
      'quantri.danang',
      'vanthu.danang',
      'chutich.anhai',
      'quantri.anhai',
      'congchuc1.anhai',
      'vanthu.anhai',
    ],
    city: { code: 'DNG', chair: 'chutich.danang', admin: 'quantri.danang' },
    over: {
      code: 'DNG',
      chair: 'chutich.danang',
      clerk: 'vanthu.danang',
      name: 'UBND thành phố Đà Nẵng',
      short: 'thành phố',
    },
    sender: { organName: 'Bộ Nội vụ', organId: '000.00.00.G09', signerName: 'Phạm Thị Thanh Trà' },
    wards: [
      {
        code: 'AH',
        name: 'phường An Hải',
        chair: 'chutich.anhai',
        official1: 'congchuc1.anhai',
        official2: 'congchuc2.anhai',
      },
      {
        code: 'ST',
        name: 'phường Sơn Trà',
        chair: 'chutich.sontra',
        official1: 'congchuc1.sontra',
        official2: 'congchuc2.sontra',
      },
      {
        code: 'HC',
        name: 'phường Hải Châu',
        chair: 'chutich.haichau',
        official1: 'congchuc1.haichau',
        official2: 'congchuc2.haichau',
      },
    ],
  },
};
