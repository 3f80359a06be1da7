import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { REALTIME_CONTRACT, type RealtimeContract } from './asyncapi';
import { AsyncApiController } from './asyncapi.controller';
import { FeedController } from './feed.controller';
import { FeedPruner } from './feed-pruner';
import { FeedService } from './feed.service';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeOutbox } from './realtime-outbox';
import { RealtimeBroker } from './realtime-broker';
import { RealtimeRelay } from './realtime-relay';
import { SocketHandlers } from './socket-handlers';

/**
 * What every process that changes state needs: the outbox to write events into and the
 * registry of socket handlers. Capabilities import this.
 */
@Module({
  providers: [RealtimeOutbox, SocketHandlers, FeedService, FeedPruner],
  exports: [RealtimeOutbox, SocketHandlers, FeedService, FeedPruner],
})
export class RealtimeModule {}

/**
 * The live side, for API processes only: gateway, relay, Redis adapter, feed over REST, the
 * AsyncAPI document. Given the whole contract (every capability's events, described), which
 * only a place that may import the capabilities can assemble.
 */
@Module({})
export class RealtimeGatewayModule {
  static forRoot(contract: RealtimeContract): DynamicModule {
    return {
      module: RealtimeGatewayModule,
      // Global: what acts on published events (Web Push) reaches the one relay of the process.
      global: true,
      imports: [RealtimeModule, AuthModule],
      controllers: [FeedController, AsyncApiController],
      providers: [
        { provide: REALTIME_CONTRACT, useValue: contract },
        RealtimeGateway,
        RealtimeRelay,
        RealtimeBroker,
      ],
      exports: [RealtimeRelay, RealtimeBroker],
    };
  }
}
