package main

import (
	"context"
	"flag"
	"fmt"
)

// runMigrate applies the store's migrations and prints the schema version.
// Opening a store already migrates; this command exists so deployments can
// migrate in a separate step (an init container, a release job).
func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return userError(err)
	}
	st, err := openStore(ctx, cfg, newLogger(env.Stderr, cfg.LogLevel), nil)
	if err != nil {
		return userError(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return userError(err)
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return userError(err)
	}
	engine, dsn, _ := cfg.Store()
	if engine == "postgres" {
		dsn = redact(dsn)
	}
	fmt.Fprintf(env.Stdout, "%s %s: schema version %d\n", engine, dsn, v)
	return nil
}
