import { Module } from '@nestjs/common';
import { ExtractionPool } from './extraction-pool';

/** The worker-thread pool for extraction and HTML conversion (one per process, shared by api and worker). */
@Module({ providers: [ExtractionPool], exports: [ExtractionPool] })
export class ExtractionThreadsModule {}
