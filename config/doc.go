// Package config loads sourcetrace's configuration and is the only package
// that uses viper. It returns a plain typed Config, so library packages
// never see viper and receive ordinary option structs.
//
// Precedence, highest first: command-line flag, environment variable
// (SOURCETRACE_ + the key upper-cased with dots as underscores, e.g.
// SOURCETRACE_DATA_DIR, SOURCETRACE_INGEST_MAX_BYTES), configuration file
// (sourcetrace.yaml in the working directory, then in the user configuration
// directory, or the file named by --config), then the built-in default.
package config
