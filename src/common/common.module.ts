import { createHash } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CursorCodec } from './pagination';

@Global()
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
