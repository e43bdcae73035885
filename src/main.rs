fn main() {
    std::process::exit(frontdesk::cli::main());
}
