import { ConfigError } from '../config/config';

/** Runs an entrypoint; a configuration error prints one clear line naming the variable and exits 1. */
export function exitOnConfigError(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(`claimflow: invalid configuration: ${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}
