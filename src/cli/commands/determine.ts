import type { Command } from 'commander';

/** Placeholder: the determination command is being built in src/engines/export-control. */
export function registerDetermineCommand(_program: Command): void {}
