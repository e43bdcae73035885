fn main() {
    frontdesk::memory::tune();
    std::process::exit(frontdesk::cli::main());
}
