import GuidanceCLI

// The `guidance` command line: every command is in the GuidanceCLI library.
Guidance.main()
