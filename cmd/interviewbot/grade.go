package main

import (
	"context"
	"errors"
)

// runGrade is a placeholder until the grade command lands.
func runGrade(ctx context.Context, env *Env, args []string) error {
	return errors.New("grade: not implemented yet")
}
