/// \brief The MPI world of one process: MPI_Init/MPI_Finalize in an MPI build, one rank otherwise.
#pragma once

namespace grainsim {

/// Constructed once, in the command that runs under mpirun (grainsim sweep), before any other
/// MPI use; MPI is finalized when it is destroyed. In a build without GRAINSIM_MPI it is a world
/// of one rank and calls nothing. Only the constructing thread makes MPI calls (the simulation's
/// own threads never do), so MPI is initialized with MPI_THREAD_FUNNELED.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  MpiSession(MpiSession&&) = delete;
  MpiSession& operator=(MpiSession&&) = delete;

  /// This process's rank in MPI_COMM_WORLD, 0..size()-1 (0 without MPI).
  int rank() const { return rank_; }
  /// The number of ranks in MPI_COMM_WORLD (1 without MPI).
  int size() const { return size_; }
  /// Whether this binary was built with MPI (cmake -DGRAINSIM_MPI=ON).
  static bool built();

  /// True when every rank passed true (MPI_Allreduce with MPI_LAND over MPI_COMM_WORLD): a
  /// collective, so every rank must call it the same number of times. A rank that failed must
  /// still call it (with false) rather than return early, so that no rank waits forever.
  /// Without MPI it returns `ok`.
  bool allSucceeded(bool ok) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialized_ = false;  // this object called MPI_Init and so must call MPI_Finalize
};

}  // namespace grainsim
