import type { Command } from 'commander';

/** Placeholder: the screening commands are being built in src/engines/screening. */
export function registerScreenCommands(_program: Command): void {}
