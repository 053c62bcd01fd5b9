// File: app/commands.hpp
// certgate's subcommands. Each parses its own arguments (argv[2..]) and returns the process exit
// code: 0 ok, 1 a negative result (e.g. a certificate that does not verify), 2 usage or set-up.
#pragma once

namespace certgate::app {

int run_serve(int argc, char** argv);
int run_token(int argc, char** argv);
int run_canon(int argc, char** argv);
int run_sign(int argc, char** argv);
int run_verify(int argc, char** argv);
int run_import(int argc, char** argv);

}  // namespace certgate::app
