package dgraphtest

import "syscall"

// sysProcAttr puts a server in its own process group, so a test binary's
// ^C does not reach it first and the shutdown order stays alpha, then
// zero; and has it killed outright if the test binary dies without
// stopping it (a panic, a timeout).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
