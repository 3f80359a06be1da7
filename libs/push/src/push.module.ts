import { Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { CommandsModule } from '@lt/commands';
import { PushController } from './push.controller';
import { PushDispatcher } from './push-dispatcher';
import { PushNotices } from './push-notices';
import { PushSubscriptions } from './push-subscriptions';

/**
 * What reaches a browser with no tab open: the wording registry libraries fill (both
 * processes), the subscriptions, and — where the relay runs — the dispatcher.
 */
@Module({
  imports: [CommandsModule],
  providers: [PushNotices, PushSubscriptions],
  exports: [PushNotices, PushSubscriptions],
})
export class PushModule {}

/** The API's half: subscription routes and the dispatcher listening to the relay. */
@Module({
  imports: [PushModule, AuthModule],
  controllers: [PushController],
  providers: [PushDispatcher],
  exports: [PushDispatcher],
})
export class PushDeliveryModule {}
