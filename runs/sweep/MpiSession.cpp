#include "runs/sweep/MpiSession.hpp"

#if GRAINSIM_MPI
// The C API only: no MPI C++ bindings (deprecated, and in a library MPI::MPI_C does not link).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <stdexcept>
#include <string>
#endif

namespace grainsim {

#if GRAINSIM_MPI

namespace {
void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(std::string(call) + " failed: " + std::string(text, length));
}
}  // namespace

MpiSession::MpiSession() {
  int already = 0;
  MPI_Initialized(&already);
  if (!already) {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    initialized_ = true;
  }
  // Errors come back as return codes (and become exceptions) instead of aborting every rank.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

MpiSession::~MpiSession() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (initialized_ && !finalized) MPI_Finalize();
}

bool MpiSession::built() {
  return true;
}

bool MpiSession::allSucceeded(bool ok) const {
  int mine = ok ? 1 : 0;
  int all = 0;
  check(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD), "MPI_Allreduce");
  return all != 0;
}

#else  // one rank, no MPI

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
bool MpiSession::built() {
  return false;
}
bool MpiSession::allSucceeded(bool ok) const {
  return ok;
}

#endif

}  // namespace grainsim
