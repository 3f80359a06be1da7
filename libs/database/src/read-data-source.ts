import { Inject } from '@nestjs/common';

/**
 * The connection for reads that may lag the primary by a moment (the task summary table, the
 * monthly ranking): a read replica when DATABASE_READ_URL is set, the primary otherwise. Its
 * sessions are read-only, so a write routed here by mistake fails instead of diverging.
 */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

export const InjectReadDataSource = (): ParameterDecorator => Inject(READ_DATA_SOURCE);
