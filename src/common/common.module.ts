import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CursorCodec } from './pagination';

/** The signed pagination cursors of every list endpoint. */
@Module({
  providers: [
    {
      provide: CursorCodec,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CursorCodec(createHash('sha256').update(`cursor:${config.adminApiKey}`).digest('hex')),
    },
  ],
  exports: [CursorCodec],
})
export class CommonModule {}
