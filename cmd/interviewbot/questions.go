package main

import (
	"context"
	"errors"
)

// runQuestions is a placeholder until the questions command lands.
func runQuestions(ctx context.Context, env *Env, args []string) error {
	return errors.New("questions: not implemented yet")
}
