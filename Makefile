# The two commands of the README:
#   make site   - set up everything missing, then run the main job (ansible-playbook site.yml)
#   make test   - set up everything missing, then run every test stage
.PHONY: site test setup unit sanity lint molecule clean

site: setup
	scripts/site.sh

test: setup
	scripts/test.sh

setup:
	scripts/bootstrap.sh

# Single stages (after `make setup`):
unit sanity lint molecule: setup
	scripts/test.sh $@

clean:
	rm -rf build .pytest_cache .hypothesis
