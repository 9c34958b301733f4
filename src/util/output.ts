/**
 * Process output concerns shared by the two entry points (`catalog-bot`, `npm start`), kept here so
 * app.ts does not import the CLI.
 */

/**
 * When whoever reads our output goes away (`catalog-bot parse | head -1`), stop quietly with exit
 * code 0, as `git log | head` does, instead of dying on an unhandled EPIPE with a stack trace.
 */
export function exitQuietlyWhenOutputCloses(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
}
