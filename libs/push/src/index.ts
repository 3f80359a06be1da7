export * from './push-dispatcher';
export * from './push-endpoint';
export * from './push-notices';
export * from './push-subscription.entity';
export * from './push-subscriptions';
export * from './push.dto';
export * from './push.module';
export * from './vapid-keys';
