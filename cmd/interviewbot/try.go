package main

import (
	"context"
	"errors"
)

// runTry is a placeholder until the try command lands.
func runTry(ctx context.Context, env *Env, args []string) error {
	return errors.New("try: not implemented yet")
}
