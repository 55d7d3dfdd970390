import { Module } from '@nestjs/common';
import { OutboxModule, QueueModule } from '../queue/queue.module';
import { StalledWorkRepository } from './stalled-work.repository';
import { WorkRecovery } from './work-recovery.service';

/** Re-queues work whose job was lost or gave up (worker process). */
@Module({ imports: [OutboxModule, QueueModule], providers: [StalledWorkRepository, WorkRecovery], exports: [WorkRecovery] })
export class RecoveryModule {}
