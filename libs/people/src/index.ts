export * from './password-hasher';
export * from './people.module';
export * from './people.service';
export * from './position.entity';
export * from './user.entity';
