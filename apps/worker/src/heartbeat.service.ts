import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import { DataSource } from 'typeorm';

/**
 * Proves the worker is alive and connected: a database round trip, logged at a fixed
 * interval. Deadline scanning, reminders and ranking will run beside it.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private timer?: NodeJS.Timeout;
  private beats = 0;

  get heartbeats(): number {
    return this.beats;
  }

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.WORKER_HEARTBEAT_SECONDS * 1000);
  }

  onApplicationShutdown(signal?: string): void {
    clearInterval(this.timer);
    this.logger.log(`worker stopping (${signal ?? 'shutdown'}) after ${this.beats} heartbeats`);
  }

  private async beat(): Promise<void> {
    try {
      const [{ now }]: { now: Date }[] = await this.dataSource.query('SELECT now() AS now');
      this.beats++;
      this.logger.log(`heartbeat ${this.beats}: database time ${now.toISOString()}`);
    } catch (error) {
      this.logger.error(`heartbeat failed: ${(error as Error).message}`);
    }
  }
}
