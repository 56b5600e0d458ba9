from pdca.cli import main

main()
