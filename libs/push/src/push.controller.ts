import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { PushEndpointDto, PushKeyDto, PushSubscriptionDto, PushSubscriptionViewDto } from './push.dto';
import { PushDispatcher } from './push-dispatcher';
import { PushSubscriptions } from './push-subscriptions';

@ApiTags('push')
@Controller('push')
export class PushController {
  constructor(
    private readonly subscriptions: PushSubscriptions,
    private readonly dispatcher: PushDispatcher,
  ) {}

  @Get('key')
  @Authenticated()
  @ApiOperation({ summary: 'The VAPID public key a browser subscribes with (applicationServerKey)' })
  @ApiOkResponse({ type: PushKeyDto })
  key(): PushKeyDto {
    return { publicKey: this.dispatcher.publicKey };
  }

  @Post('subscriptions')
  @Authenticated()
  @ApiOperation({
    summary:
      'Nhận thông báo khi đóng trang / Subscribe this browser to Web Push (PushSubscription.toJSON()); the endpoint must be at an allowed push service',
  })
  @ApiCreatedResponse({ type: PushSubscriptionViewDto })
  subscribe(@CurrentActor() a: Actor, @Body() dto: PushSubscriptionDto): Promise<PushSubscriptionViewDto> {
    return this.subscriptions.subscribe(a, dto);
  }

  @Get('subscriptions')
  @Authenticated()
  @ApiOperation({ summary: 'My subscribed browsers' })
  @ApiOkResponse({ type: PushSubscriptionViewDto, isArray: true })
  list(@CurrentActor() a: Actor): Promise<PushSubscriptionViewDto[]> {
    return this.subscriptions.list(a);
  }

  @Delete('subscriptions')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Unsubscribe one of my browsers (by its endpoint)' })
  @ApiNoContentResponse({ description: 'Removed' })
  unsubscribe(@CurrentActor() a: Actor, @Body() dto: PushEndpointDto): Promise<void> {
    return this.subscriptions.unsubscribe(a, dto.endpoint);
  }
}
