/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_conventions: self::exports::foo::foo::conventions::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::conventions::Host,
    {
        self::foo::foo::conventions::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_conventions = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/conventions",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/conventions` in world the-world"
                    )
                })?;
            self::exports::foo::foo::conventions::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_conventions,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/conventions`.
    pub fn foo_foo_conventions(&self) -> &self::exports::foo::foo::conventions::Guest {
        &self.foo_foo_conventions
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod conventions {
            //! Bindings generated from WIT, for `foo/foo/conventions`.
            /// The WIT type `ludicrous-speed`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub struct LudicrousSpeed {
                /// The field `how-fast-are-you-going`.
                #[component(name = "how-fast-are-you-going")]
                pub how_fast_are_you_going: u32,
                /// The field `i-am-going-extremely-slow`.
                #[component(name = "i-am-going-extremely-slow")]
                pub i_am_going_extremely_slow: u64,
            }
            /// The host's implementation of the imported interface `foo:foo/conventions`.
            pub trait Host {
                /// The WIT function `kebab-case`.
                fn kebab_case(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `foo`.
                fn foo(&mut self, x: LudicrousSpeed) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `function-with-dashes`.
                fn function_with_dashes(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `function-with-no-weird-characters`.
                fn function_with_no_weird_characters(
                    &mut self,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `apple`.
                fn apple(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `apple-pear`.
                fn apple_pear(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `apple-pear-grape`.
                fn apple_pear_grape(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a0`.
                fn a0(&mut self) -> ::hoist::anyhow::Result<()>;
                ///  Comment out identifiers that collide when mapped to snake_case, for now; see
                ///  https://github.com/WebAssembly/component-model/issues/118
                /// APPLE: func()
                /// APPLE-pear-GRAPE: func()
                /// apple-PEAR-grape: func()
                fn is_xml(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `explicit`.
                fn explicit(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `explicit-kebab`.
                fn explicit_kebab(&mut self) -> ::hoist::anyhow::Result<()>;
                /// Identifiers with the same name as keywords are quoted.
                fn bool(&mut self) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `foo:foo/conventions` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/conventions")?;
                inst.func_wrap(
                    "kebab-case",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::kebab_case(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "foo",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (LudicrousSpeed,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::foo(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "function-with-dashes",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::function_with_dashes(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "function-with-no-weird-characters",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::function_with_no_weird_characters(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "apple",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::apple(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "apple-pear",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::apple_pear(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "apple-pear-grape",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::apple_pear_grape(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a0",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a0(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "is-XML",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::is_xml(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "explicit",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::explicit(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "explicit-kebab",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::explicit_kebab(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "bool",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::bool(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod conventions {
                //! Bindings generated from WIT, for `exports/foo/foo/conventions`.
                /// The WIT type `ludicrous-speed`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(record)]
                #[derive(Clone, Debug, PartialEq, Copy, Eq)]
                pub struct LudicrousSpeed {
                    /// The field `how-fast-are-you-going`.
                    #[component(name = "how-fast-are-you-going")]
                    pub how_fast_are_you_going: u32,
                    /// The field `i-am-going-extremely-slow`.
                    #[component(name = "i-am-going-extremely-slow")]
                    pub i_am_going_extremely_slow: u64,
                }
                /// Typed access to the functions of the exported interface `foo:foo/conventions`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    kebab_case_index: ::hoist::component::ComponentExportIndex,
                    foo_index: ::hoist::component::ComponentExportIndex,
                    function_with_dashes_index: ::hoist::component::ComponentExportIndex,
                    function_with_no_weird_characters_index: ::hoist::component::ComponentExportIndex,
                    apple_index: ::hoist::component::ComponentExportIndex,
                    apple_pear_index: ::hoist::component::ComponentExportIndex,
                    apple_pear_grape_index: ::hoist::component::ComponentExportIndex,
                    a0_index: ::hoist::component::ComponentExportIndex,
                    is_xml_index: ::hoist::component::ComponentExportIndex,
                    explicit_index: ::hoist::component::ComponentExportIndex,
                    explicit_kebab_index: ::hoist::component::ComponentExportIndex,
                    bool_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/conventions` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let kebab_case_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "kebab-case",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `kebab-case` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &kebab_case_index)?;
                        let foo_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "foo",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `foo` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (LudicrousSpeed,),
                                (),
                            >(store.as_context_mut(), &foo_index)?;
                        let function_with_dashes_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "function-with-dashes",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `function-with-dashes` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &function_with_dashes_index)?;
                        let function_with_no_weird_characters_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "function-with-no-weird-characters",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `function-with-no-weird-characters` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(
                                store.as_context_mut(),
                                &function_with_no_weird_characters_index,
                            )?;
                        let apple_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "apple",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `apple` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &apple_index)?;
                        let apple_pear_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "apple-pear",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `apple-pear` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &apple_pear_index)?;
                        let apple_pear_grape_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "apple-pear-grape",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `apple-pear-grape` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &apple_pear_grape_index)?;
                        let a0_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a0",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a0` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &a0_index)?;
                        let is_xml_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "is-XML",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `is-XML` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &is_xml_index)?;
                        let explicit_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "explicit",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `explicit` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &explicit_index)?;
                        let explicit_kebab_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "explicit-kebab",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `explicit-kebab` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &explicit_kebab_index)?;
                        let bool_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "bool",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `bool` in exported interface `foo:foo/conventions`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &bool_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            kebab_case_index,
                            foo_index,
                            function_with_dashes_index,
                            function_with_no_weird_characters_index,
                            apple_index,
                            apple_pear_index,
                            apple_pear_grape_index,
                            a0_index,
                            is_xml_index,
                            explicit_index,
                            explicit_kebab_index,
                            bool_index,
                        })
                    }
                    /// The WIT function `kebab-case`.
                    pub fn call_kebab_case(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.kebab_case_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `foo`.
                    pub fn call_foo(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: LudicrousSpeed,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (LudicrousSpeed,),
                                (),
                            >(store.as_context_mut(), &self.foo_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `function-with-dashes`.
                    pub fn call_function_with_dashes(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.function_with_dashes_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `function-with-no-weird-characters`.
                    pub fn call_function_with_no_weird_characters(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(
                                store.as_context_mut(),
                                &self.function_with_no_weird_characters_index,
                            )?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `apple`.
                    pub fn call_apple(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.apple_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `apple-pear`.
                    pub fn call_apple_pear(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.apple_pear_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `apple-pear-grape`.
                    pub fn call_apple_pear_grape(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.apple_pear_grape_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a0`.
                    pub fn call_a0(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.a0_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    ///  Comment out identifiers that collide when mapped to snake_case, for now; see
                    ///  https://github.com/WebAssembly/component-model/issues/118
                    /// APPLE: func()
                    /// APPLE-pear-GRAPE: func()
                    /// apple-PEAR-grape: func()
                    pub fn call_is_xml(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.is_xml_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `explicit`.
                    pub fn call_explicit(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.explicit_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `explicit-kebab`.
                    pub fn call_explicit_kebab(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.explicit_kebab_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// Identifiers with the same name as keywords are quoted.
                    pub fn call_bool(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.bool_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
    }
}
