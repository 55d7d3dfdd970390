import { Logger, Module } from '@nestjs/common';
import { loadConsoleAssets } from './console-assets';
import { CONSOLE_ASSETS, ConsoleController } from './console.controller';

/** The browser console (console/ at the repository root, built by `npm run build`), served at /console. */
@Module({
  controllers: [ConsoleController],
  providers: [
    {
      provide: CONSOLE_ASSETS,
      useFactory: () => {
        const assets = loadConsoleAssets();
        if (!assets) new Logger('Console').warn('console/dist is missing: /console answers 503 until `npm run build` builds it');
        return assets;
      },
    },
  ],
})
export class ConsoleModule {}
