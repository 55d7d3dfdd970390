import { Module } from '@nestjs/common';
import { StalledWorkRepository } from './stalled-work.repository';
import { WorkRecovery } from './work-recovery.service';

/** Re-queues work whose job was lost or gave up (worker process; needs the worker's QueueModule). */
@Module({ providers: [StalledWorkRepository, WorkRecovery], exports: [WorkRecovery] })
export class RecoveryModule {}
