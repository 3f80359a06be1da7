/**
 * The socket contract as the browser sees it: the generic part of `@lt/realtime` and every
 * capability's events. Importing each capability's `*-events` module here is also what adds
 * its events to the contract's registries (`FeedPayloads`, `LiveEvents`, `ClientRequests`, by
 * declaration merging) for the whole browser program. Browser-safe: these modules import
 * TypeBox and one another only, never a capability's server code.
 */
export * from '@lt/realtime/contract';
export * from '@lt/files/attachment-meta';
export * from '@lt/directives/directive-events';
export * from '@lt/tasks/task-events';
export * from '@lt/documents/document-events';
export * from '@lt/chat/chat-events';
export * from '@lt/briefings/briefing-events';
export * from '@lt/ranking/discipline-events';
export * from '@lt/schedules/schedule-events';
export * from '@lt/one-stop/one-stop-events';
export * from '@lt/delegations/delegation-events';
