package dev.lathe.runner;

/** Output format of listing commands. json is stable; docs/cli.md describes its fields. */
enum Format { TABLE, JSON }
