/**
 * The {@code compass} command line (picocli). {@link dev.compass.bench.cli.Main} is the top command
 * and the one place where subcommands are registered; each subcommand is its own class. Bad input
 * ends with one line on stderr and exit code 2, unexpected errors with exit code 1.
 */
package dev.compass.bench.cli;
