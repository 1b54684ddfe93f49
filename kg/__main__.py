from kg.cli import main

if __name__ == "__main__":  # not when a worker started by multiprocessing imports it as __mp_main__
    main()
