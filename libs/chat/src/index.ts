export * from './channel-access';
export * from './chat-channels';
export * from './chat-search';
export * from './chat.entity';
export * from './chat.module';
export * from './post-message';
export * from './chat-views.dto';
export * from './subject-readers';
