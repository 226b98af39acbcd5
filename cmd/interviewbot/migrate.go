package main

import (
	"context"
	"errors"
)

// runMigrate is a placeholder until the migrate command lands.
func runMigrate(ctx context.Context, env *Env, args []string) error {
	return errors.New("migrate: not implemented yet")
}
