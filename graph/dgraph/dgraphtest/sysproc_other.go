//go:build unix && !linux

package dgraphtest

import "syscall"

// sysProcAttr puts a server in its own process group, so a test binary's
// ^C does not reach it first and the shutdown order stays alpha, then zero.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
