/**
 * The whole socket contract, described: the realtime library's generic part plus every
 * capability's events. Assembled here because the API may import every capability, while
 * the capabilities import the realtime library and never the reverse. Typed complete
 * (`RealtimeContract`): an event a capability adds to the contract's registries without its
 * description fails the type-check here. The order is the document's.
 */
import { BRIEFING_FEED_DOCS } from '@lt/briefings';
import { CHAT_FEED_DOCS, CHAT_REQUEST_DOCS } from '@lt/chat';
import { DELEGATION_FEED_DOCS } from '@lt/delegations';
import { DIRECTIVE_FEED_DOCS, DIRECTIVE_LIVE_DOCS, DIRECTIVE_REQUEST_DOCS } from '@lt/directives';
import { DOCUMENT_FEED_DOCS } from '@lt/documents';
import { DISCIPLINE_FEED_DOCS } from '@lt/ranking';
import { SCHEDULE_FEED_DOCS } from '@lt/schedules';
import { ONE_STOP_FEED_DOCS } from '@lt/one-stop';
import type { RealtimeContract } from '@lt/realtime';
import { TASK_FEED_DOCS } from '@lt/tasks';

export const REALTIME_CONTRACT_DOCS: RealtimeContract = {
  feed: {
    ...DIRECTIVE_FEED_DOCS,
    ...TASK_FEED_DOCS,
    ...DOCUMENT_FEED_DOCS,
    ...CHAT_FEED_DOCS,
    ...BRIEFING_FEED_DOCS,
    ...DISCIPLINE_FEED_DOCS,
    ...SCHEDULE_FEED_DOCS,
    ...ONE_STOP_FEED_DOCS,
    ...DELEGATION_FEED_DOCS,
  },
  live: { ...DIRECTIVE_LIVE_DOCS },
  requests: { ...DIRECTIVE_REQUEST_DOCS, ...CHAT_REQUEST_DOCS },
};
