import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/principal';
import { metricsRegistry, processMetrics } from '../common/metrics-registry';

@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Prometheus text exposition format' })
  metrics(): Promise<string> {
    // `npm start`: the worker's webhook thread's figures too.
    return processMetrics();
  }
}
