import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AuthModule } from '@lt/auth';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '@lt/config';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

@Module({
  imports: [
    CommandsModule,
    AuthModule,
    // Uploads stay in memory up to the configured limit, then go to PostgreSQL in one write.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.ATTACHMENT_MAX_BYTES, files: 1, fields: 5 },
      }),
    }),
  ],
  controllers: [FilesController],
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}

/** For the worker: the files service without the upload endpoint (it sweeps old drafts). */
@Module({ imports: [CommandsModule], providers: [FilesService], exports: [FilesService] })
export class FilesRulesModule {}
