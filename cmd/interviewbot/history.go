package main

import (
	"context"
	"errors"
)

// runHistory is a placeholder until the history command lands.
func runHistory(ctx context.Context, env *Env, args []string) error {
	return errors.New("history: not implemented yet")
}
