export * from './org-unit.entity';
export * from './org-unit-closure.entity';
export * from './org-unit-name.entity';
export * from './org-tree.service';
export * from './org.module';
export * from './reorganisation-steps';
