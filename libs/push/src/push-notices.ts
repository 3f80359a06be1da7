import { Injectable } from '@nestjs/common';

/** What a system notification says: shown by the service worker as it comes. */
export interface PushNotice {
  /** The notification's heading, e.g. "Chỉ đạo mới — 29/CT-UBND". */
  title: string;
  body: string;
  /** The app's page it opens, e.g. `/#/directives`. */
  url: string;
  /** Notifications with the same tag replace each other (one per directive, say). */
  tag: string;
}

/** Words a durable event as a notice, or null when this one is not worth a notification. */
export type PushWording = (payload: Record<string, unknown>) => PushNotice | null;

/**
 * Which durable events reach a browser with no tab open, and in which words. The library that
 * owns the event registers its wording (as directives do at start); this one only delivers.
 */
@Injectable()
export class PushNotices {
  private readonly wordings = new Map<string, PushWording>();

  register(eventName: string, wording: PushWording): void {
    this.wordings.set(eventName, wording);
  }

  word(eventName: string, payload: Record<string, unknown>): PushNotice | null {
    return this.wordings.get(eventName)?.(payload) ?? null;
  }

  get eventNames(): string[] {
    return [...this.wordings.keys()];
  }
}
