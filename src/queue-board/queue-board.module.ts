import { Module } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { AuthModule } from '../auth/auth.module';
import { AuthService } from '../auth/auth.service';
import { QueueModule } from '../queue/queue.module';
import { QUEUE } from '../queue/queue.registry';
import { adminOnly } from './admin-only.middleware';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board at /admin/queues (admin key only): what is waiting, running, delayed, failed and why, per
 * queue, with retry and removal. Jobs carry ids only; the rows they name are in Postgres.
 */
@Module({
  imports: [
    QueueModule,
    BullBoardModule.forRootAsync({
      imports: [AuthModule],
      inject: [AuthService],
      useFactory: (auth: AuthService) => ({
        route: QUEUE_BOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: adminOnly(auth),
        boardOptions: { uiConfig: { boardTitle: 'claimflow queues' } },
      }),
    }),
    BullBoardModule.forFeature(...Object.values(QUEUE).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueBoardModule {}
